"""propdesk — desktop bookkeeping for community-run property companies (社区领办物业公司)."""

__version__ = "0.1.0"
