#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpcenter.settings")
    # Commands in a checkout read its local .env (if any; `make run` writes
    # it). The server and the tests read none unless DJANGO_ENV_FILE says so.
    os.environ.setdefault("DJANGO_ENV_FILE", ".env")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
