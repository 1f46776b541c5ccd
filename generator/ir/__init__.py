"""Stage 3, build: the intermediate model (IR), every name, type and import decided in Python before anything is printed."""
