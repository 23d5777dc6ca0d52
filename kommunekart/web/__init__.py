"""The only Streamlit code: view state (state.py), cached data access (data.py), shared widgets
(widgets.py) and the map component (map_component/). Pages in sider/ compose these."""
