"""What the browser tests and the benchmark share: one way to start the app and one headless Chromium."""
