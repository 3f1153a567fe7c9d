#!/usr/bin/env python
from zhifa.cli import main

if __name__ == "__main__":
    main()
