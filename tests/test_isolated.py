"""A visitor's file is read in a child process: its answer or its problem comes back, a read that
takes too long is stopped with a message, and a child that dies is an error, not a hang."""

import os
import time

import pytest

from kommunekart.base.errors import ImportProblem
from kommunekart.web import isolated
from tests.helpers import problem


def where(x):
    return os.getpid(), x * 2


def refuse():
    raise ImportProblem("imp.for_mange_rader", n="1 000 002", grense="250 000")


def slow():
    time.sleep(30)


def crash():
    os._exit(3)


def test_the_work_runs_in_another_process_and_its_answer_comes_back():
    pid, value = isolated.run(where, 21)
    assert value == 42 and pid != os.getpid()


def test_a_problem_in_the_child_is_the_same_problem_here():
    with problem(ImportProblem, "1 000 002 rader; grensen er 250 000", code="imp.for_mange_rader"):
        isolated.run(refuse)


def test_a_read_over_its_budget_is_stopped_and_said():
    t0 = time.monotonic()
    with problem(ImportProblem, "mer enn 1 sekunder", code="imp.tidsavbrudd"):
        isolated.run(slow, budget_s=1)
    assert time.monotonic() - t0 < 10


def test_a_child_that_dies_is_an_error_not_a_hang():
    with pytest.raises(RuntimeError, match="without an answer"):
        isolated.run(crash, budget_s=20)
