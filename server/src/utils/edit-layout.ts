export interface LayoutField {
  name: string;
  size: number;
}
export type EditLayout = LayoutField[][];

/** Fields the Login section edits itself, so they have no place of their own in the form. */
const SECTION_FIELDS = new Set(['loginEnabled', 'emailConfirmed']);

/**
 * Places the Login section (the `password` field) alone on the last row, full width, and removes
 * the booleans it renders. Returns null when the layout needs no change, so an admin's own
 * arrangement ("Configure the view") stays as they left it.
 */
export const arrangeEditLayout = (edit: EditLayout): EditLayout | null => {
  const fields = edit.flat();
  const hasSectionFields = fields.some((field) => SECTION_FIELDS.has(field.name));
  const hasPassword = fields.some((field) => field.name === 'password');
  if (!hasSectionFields && hasPassword) return null;

  const rows = edit
    .map((row) =>
      row.filter((field) => field.name !== 'password' && !SECTION_FIELDS.has(field.name))
    )
    .filter((row) => row.length > 0);
  return [...rows, [{ name: 'password', size: 12 }]];
};
