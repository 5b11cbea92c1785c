/** The widget's `POST /api/v1/reports` as the benches send it, from one of many readers (TRUST_PROXY=1). */
import type { ReportInput } from '../../contract/report.js';
import { clientAddress, FIXTURE_ORIGIN } from '../../tests/helpers/reports.js';
import type { LoadRequest } from './http1.js';

/** `report` sent from the fixture site's page by reader number `reader` (its X-Forwarded-For). */
export function reportRequest(report: ReportInput, reader: number): LoadRequest {
  return {
    method: 'POST',
    path: '/api/v1/reports',
    headers: {
      'Content-Type': 'text/plain;charset=UTF-8',
      Origin: FIXTURE_ORIGIN,
      'X-Forwarded-For': clientAddress(reader),
    },
    body: JSON.stringify(report),
  };
}
