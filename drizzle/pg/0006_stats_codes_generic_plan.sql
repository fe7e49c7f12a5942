-- Hand-written: what a visit earns as a whole (milia_stats_codes, called twice by every treatment
-- or completed follow-up written) is read with its query's generic plan. PL/pgSQL keeps the plan,
-- but the plan cache judged the generic plan dearer than a plan made for each call's values (it
-- cannot size an array parameter), so it planned the query, milia_stats_codes_of inlined, at every
-- call: 2,000 treatments inserted at 14,759 visits 4.3 s -> 1.7 s, the BEFORE trigger 3.7 s -> 1.0 s.
-- The generic plan reads each visit's rows by index, as the per-call plans did.
ALTER FUNCTION milia_stats_codes(integer[], integer, integer, treatments, integer, follow_ups) SET plan_cache_mode = force_generic_plan;
