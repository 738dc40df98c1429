#!/usr/bin/python3
"""`nova-manage` for a machine without the nova-common package: python3-nova's
nova.cmd.manage has no __main__ guard, so `python3 -m nova.cmd.manage` would do nothing."""
import sys
from nova.cmd import manage
sys.argv[0] = 'nova-manage'
sys.exit(manage.main())
