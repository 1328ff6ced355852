"""Helpers shared by tests of several apps."""

from __future__ import annotations

import io
from contextlib import contextmanager

from django.test import TestCase
from PIL import Image


def png_bytes(size: tuple[int, int] = (8, 6), colour: str = "teal") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (8, 6)) -> bytes:
    """Noise, which does not compress: cut short, the file really loses pixels."""
    buffer = io.BytesIO()
    Image.effect_noise(size, 64).convert("RGB").save(buffer, format="JPEG")
    return buffer.getvalue()


@contextmanager
def committed():
    """Run what the block leaves for after commit, as if it had committed (a test's transaction
    never does). Tasks run at once in tests, so photos attached inside come out processed."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield
