"""The adviser portal: server-rendered pages under /advisers (Dutch by default, English available)."""
