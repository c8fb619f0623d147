"""Screens: the main three-pane screen and the help, search and confirmation dialogs."""
