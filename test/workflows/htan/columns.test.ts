import { describe, expect, it } from 'vitest';
import { columnsPhase, headerWords, primaryColumn, profileColumns } from '../../../src/workflows/htan/columns.js';

const ruleOf = (header: string) => profileColumns([header])[0]!.headerRule;

describe('profileColumns: headers that suggest PHI (htan-submission-rules.md §2.4 A)', () => {
  it.each([
    'Patient Name',
    'participant_name',
    'First Name',
    'lastName',
    'Name',
    'Initials',
    'MRN',
    'Medical Record Number',
    'SSN',
    'Social Security',
    'Address',
    'Street',
    'City',
    'ZIP',
    'Postal Code',
    'Phone',
    'Fax',
    'Email',
    'E-mail',
    'IP Address',
    'Account',
    'Driver License',
    'Vehicle',
    'Device Serial Number',
  ])('%s blocks', (header) => {
    expect(ruleOf(header)).toBe('phi-header-identifier');
  });

  it.each(['Date', 'DOB', 'Birth Date', 'collection_dt', 'Collection Date', 'Acquisition Date', 'dateOfBirth'])(
    '%s asks for a look',
    (header) => {
      expect(ruleOf(header)).toBe('phi-header-date');
    },
  );

  it.each([
    'Days to Birth',
    'Age at Diagnosis',
    'Year Of Birth',
    'Collection Days from Index',
    'AGE_IN_DAYS_AT_DIAGNOSIS',
    'Filename',
    'FILENAME',
    'Protocol Link',
    'WORKFLOW_LINK',
    'DATA_URL',
    'Antibody Name',
    'Kit Name',
    'Variant Caller Name',
    'Channel Name',
    'HTAN Participant ID',
    'HTAN_PARTICIPANT_ID',
    'Ethnicity',
    'Country of Residence',
    'Serial Section',
    'Sample Plate',
    'Update',
  ])('%s is allowed', (header) => {
    expect(ruleOf(header)).toBeUndefined();
  });
});

describe('profileColumns: identifier columns and the phase', () => {
  it('splits headers into words whatever their style', () => {
    expect(headerWords('AGE_IN_DAYS_AT_DIAGNOSIS')).toEqual(['age', 'in', 'days', 'at', 'diagnosis']);
    expect(headerWords('ageAtDiagnosis')).toEqual(['age', 'at', 'diagnosis']);
    expect(headerWords('HTAN Parent ID')).toEqual(['htan', 'parent', 'id']);
  });

  it('reads Phase 1 Title Case names and Phase 2 UPPER_SNAKE names', () => {
    const phase1 = profileColumns(['HTAN Biospecimen ID', 'HTAN Parent ID', 'Component']);
    const phase2 = profileColumns(['HTAN_DATA_FILE_ID', 'HTAN_PARENT_ID', 'FILENAME']);

    expect(phase1.map((c) => c.id)).toEqual([
      { role: 'biospecimen', phase: 1 },
      { role: 'parent-of-biospecimen', phase: 1 },
      undefined,
    ]);
    expect(phase2.map((c) => c.id)).toEqual([
      { role: 'file', phase: 2 },
      { role: 'parent-of-file', phase: 2 },
      undefined,
    ]);
    expect(columnsPhase(phase1)).toBe(1);
    expect(columnsPhase(phase2)).toBe(2);
    expect(primaryColumn(phase2)?.name).toBe('HTAN_DATA_FILE_ID');
  });

  it('says when the columns of both phases are mixed, and nothing when there are none', () => {
    expect(columnsPhase(profileColumns(['HTAN Participant ID', 'HTAN_BIOSPECIMEN_ID']))).toBe('mixed');
    expect(columnsPhase(profileColumns(['Notes']))).toBeUndefined();
  });

  it('prefers the data file, then the biospecimen, then the participant as the row’s own identifier', () => {
    expect(primaryColumn(profileColumns(['HTAN Participant ID', 'HTAN Biospecimen ID']))?.name).toBe(
      'HTAN Biospecimen ID',
    );
    expect(primaryColumn(profileColumns(['HTAN_PARTICIPANT_ID', 'AGE']))?.name).toBe('HTAN_PARTICIPANT_ID');
  });
});
