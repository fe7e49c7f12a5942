-- Hand-written (drizzle-kit writes no triggers): the refusals the SQLite file's triggers make
-- (drizzle/0004_users_signatures_audit.sql, drizzle/0008_decision_addenda.sql), in the same
-- words, raised as SQLSTATE P0001 with the message "Milia Notes: …" that the record layer
-- turns into the user's sentence. A trigger's WHEN cannot read another table on PostgreSQL,
-- so the checks of a visit's signature are in the functions.
CREATE FUNCTION milia_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END $$;
--> statement-breakpoint
-- A signed visit is final: no surface can change or remove it, its presentations or its
-- treatments, whatever the services do. Follow-up outcomes stay writable (they are new facts).
CREATE TRIGGER visits_signed_final BEFORE UPDATE ON visits FOR EACH ROW WHEN (OLD.signed_at IS NOT NULL)
  EXECUTE FUNCTION milia_refuse('Milia Notes: this visit is signed and cannot change; add an addendum instead.');
--> statement-breakpoint
CREATE TRIGGER visits_signed_kept BEFORE DELETE ON visits FOR EACH ROW WHEN (OLD.signed_at IS NOT NULL)
  EXECUTE FUNCTION milia_refuse('Milia Notes: this visit is signed and cannot change; add an addendum instead.');
--> statement-breakpoint
CREATE FUNCTION milia_refuse_signed_visit_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND EXISTS (SELECT 1 FROM visits WHERE id = OLD.visit_id AND signed_at IS NOT NULL) THEN
    RAISE EXCEPTION 'Milia Notes: this visit is signed and cannot change; add an addendum instead.';
  END IF;
  IF TG_OP <> 'DELETE' AND EXISTS (SELECT 1 FROM visits WHERE id = NEW.visit_id AND signed_at IS NOT NULL) THEN
    RAISE EXCEPTION 'Milia Notes: this visit is signed and cannot change; add an addendum instead.';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER presentations_signed BEFORE INSERT OR UPDATE OR DELETE ON presentations FOR EACH ROW EXECUTE FUNCTION milia_refuse_signed_visit_rows();
--> statement-breakpoint
CREATE TRIGGER treatments_signed BEFORE INSERT OR UPDATE OR DELETE ON treatments FOR EACH ROW EXECUTE FUNCTION milia_refuse_signed_visit_rows();
--> statement-breakpoint
CREATE TRIGGER addenda_final BEFORE UPDATE OR DELETE ON addenda FOR EACH ROW
  EXECUTE FUNCTION milia_refuse('Milia Notes: an addendum is signed and cannot change; add another addendum instead.');
--> statement-breakpoint
-- A decision addendum decides one presentation of its own visit, and names the decision.
CREATE FUNCTION milia_addenda_decision_matches() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.presentation_id IS NULL) <> (NEW.decision IS NULL)
    OR (NEW.presentation_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM presentations WHERE id = NEW.presentation_id AND visit_id = NEW.visit_id)) THEN
    RAISE EXCEPTION 'Milia Notes: a decision addendum names a presentation of its own visit and the decision.';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER addenda_decision_matches BEFORE INSERT ON addenda FOR EACH ROW EXECUTE FUNCTION milia_addenda_decision_matches();
--> statement-breakpoint
-- The audit trail is append-only and every row arrives sealed. Unlike the SQLite file, no row
-- here predates the chain (a file's older rows are sealed when it is opened, before an import
-- reads them), so no update is ever allowed; TRUNCATE, which skips row triggers, is refused too.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE ON audit_log FOR EACH ROW
  EXECUTE FUNCTION milia_refuse('Milia Notes: the audit trail cannot be changed.');
--> statement-breakpoint
CREATE TRIGGER audit_log_kept BEFORE DELETE ON audit_log FOR EACH ROW
  EXECUTE FUNCTION milia_refuse('Milia Notes: the audit trail cannot be changed.');
--> statement-breakpoint
CREATE TRIGGER audit_log_not_truncated BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT
  EXECUTE FUNCTION milia_refuse('Milia Notes: the audit trail cannot be changed.');
--> statement-breakpoint
CREATE TRIGGER audit_log_sealed BEFORE INSERT ON audit_log FOR EACH ROW WHEN (NEW.hash IS NULL)
  EXECUTE FUNCTION milia_refuse('Milia Notes: an audit row must arrive sealed.');
