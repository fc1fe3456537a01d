"""Referrals (移送) to an industry department or another unit, and reports upward (上报), answered in the tool."""
