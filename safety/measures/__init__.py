"""Enforcement measures against an enterprise (执法措施): on-site measures, seizure, administrative penalties
(the 「四个一律」) and referrals to other departments; the enterprise's status follows the measures in force."""
