"""Demo content for ``load_demo_data``: a catalogue of titles and the small files made for it."""
