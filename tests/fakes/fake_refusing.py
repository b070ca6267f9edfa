#!/usr/bin/env python3
"""A server that refuses every request with 401 and a JSON {"message"}: where the conformance suite
points every plugin's check(), so that checking reaches no one but 127.0.0.1 and meets a known
failure. Prints "listening on PORT" when ready."""
import threading

import fakekit

MESSAGE = "Refused by the test server"


class Nothing:
    lock = threading.Lock()

    @staticmethod
    def to_json():
        return {}


class RefusingHandler(fakekit.FakeHandler):
    def authenticated(self):
        return False

    def unauthorized(self):
        return 401, {"message": MESSAGE}


def main():
    fakekit.serve(RefusingHandler, Nothing(), fakekit.arguments(__doc__).parse_args())


if __name__ == "__main__":
    main()
