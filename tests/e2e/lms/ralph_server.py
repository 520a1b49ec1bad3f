"""Ralph LRS 5.1.0's API server for the tests, with its filesystem backend.

`ralph runserver -b fs` stores every POST in one file created anew, so
Ralph 5.1.0 refuses every statement after the first ("already exists and
overwrite is not allowed with operation_type create or index", HTTP 500).
This serves the same `ralph.api:app` with the filesystem backend appending
to that file instead (its APPEND operation type), and without runserver's
reloader. Configuration comes from the environment, as with runserver:
RALPH_APP_DIR (auth.json), RALPH_RUNSERVER_BACKEND=fs and
RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH.

    python ralph_server.py HOST PORT
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend

FSDataBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    host, port = sys.argv[1], int(sys.argv[2])
    uvicorn.run("ralph.api:app", host=host, port=port, log_level="info")
