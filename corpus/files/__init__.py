"""Reading corpus files: decoding, issue metadata, JSONL records, and the reader that ties them together."""
