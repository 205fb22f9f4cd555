"""Serial devices: transports, framing, device drivers and the simulator (knows no matches)."""
