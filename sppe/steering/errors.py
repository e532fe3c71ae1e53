class SteeringError(ValueError):
    """A refused steering action; the message is plain French, ready to show."""
