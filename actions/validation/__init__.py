"""One form-validation action per form (consent, intake, booking) on a shared base."""
