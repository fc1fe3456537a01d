"""``seed-demo``: a believable industrial park to try the system on."""
