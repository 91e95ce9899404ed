"""Named SPARQL queries analysts run, one .rq file each with a comment header."""
