"""The appointment diary: painted day and week views and the dialogs that book, move and cancel."""
