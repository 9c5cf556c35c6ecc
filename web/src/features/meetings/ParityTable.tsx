import { Notice } from '../../shared/components/Notice.tsx';
import type { Meeting, ParityReport } from '../../shared/types.ts';
import { anchorParity } from './rule.ts';

/**
 * The seeds say "even-numbered weeks" and "every other week" as if they were one rule: they
 * part after a year of 53 ISO weeks. Per year, which weeks each rule gives, and the warnings
 * `opf meetings show` prints.
 */
export function ParityTable({ meeting, parity }: { meeting: Meeting; parity: ParityReport }) {
  return (
    <>
      <p>
        This series meets in <strong>{anchorParity(meeting)}-numbered</strong> ISO weeks (week{' '}
        parity of {meeting.recurrence.anchor}), by the rule <code>{meeting.recurrence.rule}</code>.
      </p>
      {parity.warnings.map((warning) => (
        <Notice key={warning} variant="warning" title={warning} dataTest="parity-warning" />
      ))}
      <div className="opf-gap-top">
        <table className="opf-plain-table" data-test="parity-table">
          <caption className="pf-v6-screen-reader">
            Week parity per ISO year under each rule
          </caption>
          <thead>
            <tr>
              <th scope="col">ISO year</th>
              <th scope="col">Weeks</th>
              <th scope="col">Every other week</th>
              <th scope="col">ISO-week parity</th>
              <th scope="col">Agree</th>
            </tr>
          </thead>
          <tbody>
            {parity.years.map((year) => (
              <tr key={year.year} data-test="parity-year">
                <td>{year.year}</td>
                <td>{year.weeksInYear}</td>
                <td>{year.parity['every-other-week']}</td>
                <td>{year.parity['iso-week-parity']}</td>
                <td>{year.agree ? 'yes' : <strong>no</strong>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
