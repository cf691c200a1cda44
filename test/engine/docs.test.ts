import { readFileSync } from 'node:fs';
import { DOCS_PATH, renderActivityDocs } from '../../scripts/generate-activity-docs';
import { ACTIVITIES } from '../../src/policy-engine';

describe('docs/activities.md', () => {
  it('matches the catalog (run `npm run docs` after changing an activity)', () => {
    // GIVEN the committed reference WHEN compared with a fresh rendering THEN they are identical
    expect(readFileSync(DOCS_PATH, 'utf8')).toBe(renderActivityDocs());
  });

  it('has a section for every activity', () => {
    // GIVEN the rendering WHEN searched THEN each activity id heads a section
    const docs = renderActivityDocs();
    for (const activity of ACTIVITIES) expect(docs).toContain(`## ${activity.title} (\`${activity.id}\`)`);
  });
});
