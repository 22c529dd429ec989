"""The listening sockets of a container, as its /proc/net/tcp and tcp6 list them."""

from __future__ import annotations

from dockgrade.core.sockets import Listener, from_cat, listeners, reachable_ports

TCP = """\
  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1 0000 100 0 0 10 0
   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0000 100 0 0 10 0
   2: 0200110A:0BB8 0300110A:D2F0 01 00000000:00000000 00:00000000 00000000  1000        0 3 1 0000 20 4 30 10 -1
"""
TCP6 = """\
  sl  local_address                         remote_address                        st tx_queue rx_queue
   0: 00000000000000000000000000000000:0BB9 00000000000000000000000000000000:0000 0A 00000000:00000000
   1: 00000000000000000000000001000000:0050 00000000000000000000000000000000:0000 0A 00000000:00000000
   2: 0000000000000000FFFF00000100007F:1389 00000000000000000000000000000000:0000 0A 00000000:00000000
"""


def test_listening_sockets_are_read_with_their_reach() -> None:
    """0.0.0.0:3000 and [::]:3001 reachable; 127.0.0.1:8080, [::1]:80 and ::ffff:127.0.0.1:5001 loopback only."""
    assert listeners(TCP) == {Listener(3000, loopback=False), Listener(8080, loopback=True)}
    assert listeners(TCP6) == {Listener(3001, False), Listener(80, True), Listener(5001, True)}


def test_connections_headers_and_garbage_are_not_listeners() -> None:
    """An established connection (state 01), the header and a line a student's cat could print are skipped."""
    assert listeners("   0: ZZZZ:0BB8 00000000:0000 0A\nnot a table\n\n   9: 0100007F 0 0A") == set()


def test_reachable_ports_leave_the_loopback_out() -> None:
    assert reachable_ports(listeners(TCP + TCP6)) == {3000, 3001}


def test_cat_output_without_a_table_is_unreadable_not_empty() -> None:
    """No cat in the image: None (the deadline decides); tcp6 missing: the tcp table still counts."""
    assert from_cat('exec: "cat": executable file not found in $PATH') is None
    assert from_cat(TCP + "cat: /proc/net/tcp6: No such file or directory\n") == listeners(TCP)
