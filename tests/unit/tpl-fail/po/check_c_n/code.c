static const char *const sectors[] = {
	N_("Save"),
	N_("Civil \x73ociety"),
};
