"""The benchmark: ``python -m bench.run [--quick]`` (``make bench``) writes bench/RESULTS.md."""
