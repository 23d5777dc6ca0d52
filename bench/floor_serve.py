"""bench/floor_app.py served the way `make run` serves the app
(kommunekart.web.serve.mend_streamlit: connections without Nagle's delay, the page's head (address,
title, styles, words), no REPL check), for bench_targets.py's second floor. Not part of the app.

    .venv/bin/python bench/floor_serve.py --server.port 8599
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from streamlit.web import cli

from kommunekart.web import serve

if __name__ == "__main__":
    serve.mend_streamlit()
    sys.argv = ["streamlit", "run", str(Path(__file__).with_name("floor_app.py")), *sys.argv[1:]]
    sys.exit(cli.main())
