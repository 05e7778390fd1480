"""Reading corpus files into Article records."""
