"""The analysts' web interface: server-rendered pages (they work without JavaScript) that scripts enhance."""
