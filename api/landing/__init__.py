"""The public landing page (Dutch and English) and the chat widget's assets."""
