"""Metadata from printed text: datelines and credits, papers, dates, districts and the gazetteer."""
