"""The domain: plain, synchronous, NiceGUI-free functions holding every rule, permission and transaction."""
