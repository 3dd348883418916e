"""The websocket clients of benchmarks/bench_concurrency.py (--clients websockets) count a run as done only as the
browser would: finished, with the card's title sent, and no exception element."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.bench_concurrency import _run_done

TITLE = "4日以上続く発熱者の割合"


def markdown(body: str) -> bytes:
    msg = ForwardMsg()
    msg.delta.new_element.markdown.body = body
    return msg.SerializeToString()


def exception() -> bytes:
    msg = ForwardMsg()
    msg.delta.new_element.exception.message = "boom"
    return msg.SerializeToString()


def finished(status) -> bytes:
    msg = ForwardMsg()
    msg.script_finished = status
    return msg.SerializeToString()


class FakeSocket:
    """The server's side of a websocket: yields the given messages, then closes."""

    def __init__(self, *messages: bytes):
        self.messages = list(messages)

    def __aiter__(self):
        return self

    async def __anext__(self) -> bytes:
        if not self.messages:
            raise StopAsyncIteration
        return self.messages.pop(0)


def run_done(*messages: bytes) -> None:
    """In a thread of its own: the browser tests' sync Playwright may keep an event loop running in this one."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _run_done(FakeSocket(*messages), TITLE, timeout_s=5)).result()


def test_a_run_that_sent_the_title_is_done():
    run_done(markdown(f"### {TITLE}（7日間）"), finished(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY))
    run_done(finished(ForwardMsg.FINISHED_EARLY_FOR_RERUN), markdown(TITLE), finished(ForwardMsg.FINISHED_SUCCESSFULLY))


@pytest.mark.parametrize(("messages", "error"), [
    ([markdown("発熱者の割合"), finished(ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)], "without the title"),
    ([markdown(TITLE), exception(), finished(ForwardMsg.FINISHED_SUCCESSFULLY)], "exception element"),
    ([finished(ForwardMsg.FINISHED_WITH_COMPILE_ERROR)], "status 1"),
    ([markdown(TITLE)], "closed the websocket"),
])
def test_a_run_without_the_title_or_with_an_error_fails(messages, error):
    with pytest.raises(RuntimeError, match=error):
        run_done(*messages)

