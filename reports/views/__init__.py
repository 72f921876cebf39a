"""The site's pages, one module per page family. Views are thin: each asks a selector for what
its page shows."""
