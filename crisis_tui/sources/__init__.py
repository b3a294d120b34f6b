"""Where articles come from: HTTP feeds (`http`, `feed`) and local documents (`documents`)."""
