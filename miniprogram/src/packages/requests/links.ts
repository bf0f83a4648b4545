/** Pages of the 诉求 subpackage. */
export const REQUEST_PAGES = {
  detail: (id: string) => `/packages/requests/pages/detail/index?id=${id}`,
  report: () => '/packages/requests/pages/report/index',
  mine: () => '/packages/requests/pages/mine/index',
  figures: (communityId: string) => `/packages/requests/pages/figures/index?communityId=${communityId}`,
};
