-- A figure's hedge and its source (issue 12): `bound` says whether the hedge rounds the count
-- ("about": environ, quelque, près de), sets a floor ("at_least": plus de, au moins) or a ceiling
-- ("at_most": moins de, jusqu'à), NULL for an exact count; `according_to` names whose count it is when
-- the sentence says so ("la police" in "selon la police"). Figures read before this stay NULL in both.
ALTER TABLE figures ADD COLUMN bound TEXT;
ALTER TABLE figures ADD COLUMN according_to TEXT;
