"""Children in care. So far the pure SSDA903 episode derivation; models come with issue 4."""
