"""The dashboard (Textual). Nothing in the core imports this package."""
