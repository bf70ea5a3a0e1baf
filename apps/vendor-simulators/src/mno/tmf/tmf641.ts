/** TM Forum TMF641 Service Ordering, v4: https://www.tmforum.org/oda/open-apis/directory/service-ordering-management-api-TMF641/v4.2 */
export const TMF641_BASE_PATH = 'tmf-api/serviceOrdering/v4';
export const STATE_CHANGE_EVENT = 'ServiceOrderStateChangeEvent';
/** The only service specification this MNO sells. */
export const MOBILE_LINE_SPEC = 'mobile-line';
