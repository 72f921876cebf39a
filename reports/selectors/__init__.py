"""Page-shaped reads, one module per page family: each returns what one page shows, in a
fixed number of queries however much data there is."""
