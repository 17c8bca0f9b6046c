/**
 * `izibiz`: the e-Defter source layout of izibiz (CSV or database view), lower-case column names
 * (compliance-plan.md §6). `D`/`C` codes, `yyyy-mm-dd` dates (a time of day is dropped), point
 * decimals, `divisionno` is the şube (`0` = no şube). `accmainid` is the 3-character main account,
 * `accsubid` the full account code (equal to `accmainid` on a line posted to the main account
 * itself: then there is no sub-account). `linenumber` is the period-wide line number and
 * `linenumbercounter` the madde number on each line: both are checked, we number ourselves.
 * `detailref`, `entryref` and `erpno` are the ERP's own keys: no XBRL-GL element holds them.
 */
import { columnMap, type ImportProfile } from '../profile.ts';

/** izibiz column map (every listed column; none dropped silently). */
export const izibiz: ImportProfile = {
  name: 'izibiz',
  title: 'izibiz',
  delimiter: ';',
  decimal: 'point',
  mainAsSub: true,
  columns: columnMap([
    ['detailref', { role: 'erp-key' }],
    ['entryref', { role: 'entry-ref' }],
    ['linenumber', { role: 'line-number' }],
    ['linenumbercounter', { role: 'line-counter' }],
    ['accmainid', 'accountMainID'],
    ['accmainiddesc', 'accountMainDescription'],
    ['accsubid', 'accountSubID'],
    ['accsubdesc', 'accountSubDescription'],
    ['amount', 'amount'],
    ['debitcreditcode', 'debitCreditCode'],
    ['postingdate', 'postingDate'],
    ['documenttype', 'documentType'],
    ['documenttypedesc', 'documentTypeDescription'],
    ['doctypedesc', 'documentTypeDescription'],
    ['documentnumber', 'documentNumber'],
    ['documentreference', 'documentReference'],
    ['entrynumbercounter', 'entryNumberCounter'],
    ['documentdate', 'documentDate'],
    ['paymentmethod', 'paymentMethod'],
    ['detailcomment', 'detailComment'],
    ['erpno', { role: 'erp-key' }],
    ['divisionno', { to: 'batchID', role: 'branch' }],
    ['enteredby', 'enteredBy'],
    ['entereddate', 'enteredDate'],
    ['entrynumber', 'entryNumber'],
    ['entrycomment', 'entryComment'],
  ]),
};
