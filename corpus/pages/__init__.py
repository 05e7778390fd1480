"""Raw newspaper pages → items: lines, paragraphs, units, segments, headlines, articles."""
