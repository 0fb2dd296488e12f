"""moto_server with its SQS queues made safe for concurrent requests.

moto's SQS checks a message's visibility and marks it received in separate steps without a lock, so two
long polls served at once on its threaded server can both receive one message (about one in 500 under
load), and that duplicate is not Lambkin's. This runs the unchanged server with one lock around each
SQS operation, released while a long poll waits for messages, as a real queue behaves.
"""
import sys
import threading

from moto.server import main
from moto.sqs import models

_lock = threading.RLock()


def _locked(operation):
    def run(*args, **kwargs):
        with _lock:
            return operation(*args, **kwargs)
    return run


for _name in ("receive_message", "send_message", "send_message_batch", "delete_message", "delete_message_batch",
              "change_message_visibility", "change_message_visibility_batch", "purge_queue"):
    setattr(models.SQSBackend, _name, _locked(getattr(models.SQSBackend, _name)))

_wait_for_messages = models.Queue.wait_for_messages


def _wait_unlocked(self, timeout):
    # Only receive_message waits, holding the lock once: others may send and receive meanwhile.
    _lock.release()
    try:
        _wait_for_messages(self, timeout)
    finally:
        _lock.acquire()


models.Queue.wait_for_messages = _wait_unlocked

if __name__ == "__main__":
    main(sys.argv[1:])
