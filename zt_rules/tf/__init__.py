"""Terraform side: the Checkov engine, the check base classes and their helpers."""
