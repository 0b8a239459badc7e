"""From a scheme and a score sheet to a result: plan, check, rater side, publication, appraise."""
