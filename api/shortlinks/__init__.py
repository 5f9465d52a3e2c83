"""Short manage links (/a/<code>) that open a resident's appointment page."""
