"""Reconciliation: the pages of one service -> one canonical model and its conflicts."""
