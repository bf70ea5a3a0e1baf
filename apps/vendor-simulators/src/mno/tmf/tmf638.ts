/** TM Forum TMF638 Service Inventory, v4: https://www.tmforum.org/oda/open-apis/directory/service-inventory-management-api-TMF638/v4.0 */
export const TMF638_BASE_PATH = 'tmf-api/serviceInventory/v4';
export const SERVICE_STATE_CHANGE_EVENT = 'ServiceStateChangeEvent';
